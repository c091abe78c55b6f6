// The queue: "select every comment on this page" and shift-click to select a range.
const all = document.getElementById("select-page");
const picks = [...document.querySelectorAll("input.queue-pick")];
let last = null;

all?.addEventListener("change", () => {
  for (const pick of picks) pick.checked = all.checked;
});
for (const pick of picks) {
  pick.addEventListener("click", (event) => {
    if (event.shiftKey && last !== null) {
      const [from, to] = [picks.indexOf(last), picks.indexOf(pick)].sort((a, b) => a - b);
      for (const other of picks.slice(from, to + 1)) other.checked = pick.checked;
    }
    last = pick;
  });
}
