// Every page: times shown in the reader's own time zone beside UTC; lazy lists open once.
const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
});

function localTimes(root) {
  for (const time of root.querySelectorAll("time[data-local]")) {
    if (time.dataset.done) continue;
    time.dataset.done = "1";
    const local = document.createElement("span");
    local.className = "text-body-secondary small";
    local.textContent = ` (${format.format(new Date(time.dateTime))})`;
    time.after(local);
  }
}

document.addEventListener("DOMContentLoaded", () => localTimes(document));
document.addEventListener("htmx:afterSwap", (event) => {
  localTimes(event.target);
  const opener = document.querySelector(`[aria-controls="${event.target.id}"][data-toggle-once]`);
  if (opener) {
    opener.setAttribute("aria-expanded", "true");
    opener.hidden = true;
  }
});

// A form that came back with errors: move focus to its summary, which links to each field.
document.addEventListener("DOMContentLoaded", () => document.getElementById("error-summary")?.focus());
