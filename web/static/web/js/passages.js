// The reading page: selecting words in a section offers "Comment on this passage" and builds
// the anchor the server checks: quote, prefix, suffix, start, end, counted in Unicode code
// points of the section text (the API's unit), whatever marks the page drew inside it.
const CONTEXT = 32;
const action = document.getElementById("selection-action");
const button = document.getElementById("comment-on-passage");
let pending = null;

function codePoints(text) {
  return Array.from(text).length;
}

function offsetIn(container, node, offset) {
  // UTF-16 offset of (node, offset) from the start of the container's text.
  const range = document.createRange();
  range.selectNodeContents(container);
  range.setEnd(node, offset);
  return range.toString().length;
}

function anchorFor(selection) {
  if (!selection || selection.isCollapsed || selection.rangeCount !== 1) return null;
  const range = selection.getRangeAt(0);
  const start = range.startContainer.parentElement?.closest(".section-body");
  const end = range.endContainer.parentElement?.closest(".section-body");
  if (!start || start !== end) return null;
  const text = start.textContent;
  const from = offsetIn(start, range.startContainer, range.startOffset);
  const to = offsetIn(start, range.endContainer, range.endOffset);
  const quote = text.slice(from, to);
  if (!quote.trim()) return null;
  const before = Array.from(text.slice(0, from));
  return {
    section: start.dataset.section,
    quote,
    prefix: before.slice(-CONTEXT).join(""),
    suffix: Array.from(text.slice(to)).slice(0, CONTEXT).join(""),
    start: before.length,
    end: before.length + codePoints(quote),
    rect: range.getBoundingClientRect(),
  };
}

function showAction() {
  pending = anchorFor(window.getSelection());
  if (!pending) {
    action.classList.add("d-none");
    return;
  }
  action.classList.remove("d-none");
  action.style.top = `${window.scrollY + pending.rect.bottom + 6}px`;
  // Under the selection's start: its left edge, or its right edge on a right-to-left page.
  const rtl = getComputedStyle(action).direction === "rtl";
  const left = rtl ? pending.rect.right - action.offsetWidth : pending.rect.left;
  action.style.left = `${window.scrollX + Math.max(0, left)}px`;
}

function commentOnPassage() {
  if (!pending) return;
  const form = document.querySelector(`form.comment-start[data-section="${pending.section}"]`);
  if (!form) return;
  for (const name of ["quote", "prefix", "suffix", "start", "end"]) {
    const input = form.querySelector(`input[name="${name}"]`) || document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = String(pending[name]);
    form.append(input);
  }
  form.submit();
}

if (action && button) {
  document.addEventListener("selectionchange", () => window.requestAnimationFrame(showAction));
  // Keep the selection when the button is pressed, so the passage is still the one shown.
  button.addEventListener("mousedown", (event) => event.preventDefault());
  button.addEventListener("click", commentOnPassage);
}
