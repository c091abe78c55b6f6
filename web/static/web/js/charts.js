// Small bar charts drawn with the vendored Chart.js from the data each canvas names; the same
// numbers are in the table beside the chart, which is what screen readers and printers get.
const Chart = window.Chart;

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
      indexAxis: "y",
      maintainAspectRatio: false,
      animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : undefined,
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}

for (const canvas of document.querySelectorAll("canvas[data-chart]")) draw(canvas);
