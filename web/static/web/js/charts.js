// Small bar charts drawn with the vendored Chart.js from the data each canvas names; the same
// numbers are in the table beside the chart, which is what screen readers and printers get.
const Chart = window.Chart;
// Numbers and direction follow the page's language: Arabic bars grow from the right.
const locale = document.documentElement.lang || "en";
const rtl = document.documentElement.dir === "rtl";

function draw(canvas) {
  const source = document.getElementById(canvas.dataset.chart);
  if (!Chart || !source) return;
  const data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{ label: data.title, data: data.values, backgroundColor: "#1d4ed8" }],
    },
    options: {
      locale,
      indexAxis: "y",
      maintainAspectRatio: false,
      animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : undefined,
      plugins: { legend: { display: false, rtl }, tooltip: { rtl, textDirection: rtl ? "rtl" : "ltr" } },
      scales: {
        x: { beginAtZero: true, reverse: rtl, ticks: { precision: 0 } },
        y: { position: rtl ? "right" : "left" },
      },
    },
  });
}

for (const canvas of document.querySelectorAll("canvas[data-chart]")) draw(canvas);
