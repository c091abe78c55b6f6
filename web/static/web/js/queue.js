// The queue: "select every comment on this page", then the offer to select every comment
// matching the filters, and shift-click to select a range.
const all = document.getElementById("select-page");
const picks = [...document.querySelectorAll("input.queue-pick")];
const offer = document.querySelector("[data-offer]");
let last = null;

function showOffer() {
  if (offer) offer.hidden = !(picks.length && picks.every((pick) => pick.checked));
}

all?.addEventListener("change", () => {
  for (const pick of picks) pick.checked = all.checked;
  showOffer();
});
for (const pick of picks) {
  pick.addEventListener("click", (event) => {
    if (event.shiftKey && last !== null) {
      const [from, to] = [picks.indexOf(last), picks.indexOf(pick)].sort((a, b) => a - b);
      for (const other of picks.slice(from, to + 1)) other.checked = pick.checked;
    }
    last = pick;
    if (all) all.checked = picks.every((other) => other.checked);
    showOffer();
  });
}
