// The page's keyboard shortcuts outside the search box and the marks: "/"
// goes to the search box, Escape closes the card and clears the stepper,
// n and p step to the next and previous mark in the article.
import { state } from "./state.js";
import { clearNav, step } from "./marks.js";
import { card, hideCard } from "./card.js";
import { q } from "./search.js";

document.addEventListener("keydown", (e) => {
  const t = e.target;
  const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t.isContentEditable;
  if (e.key === "/" && !typing && state.search && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    q.focus();
    q.select();
  } else if (e.key === "Escape") {
    if (!card.hidden) hideCard();
    if (t !== q && state.nav && t.closest?.("#article")) clearNav();
  } else if (!typing && t.closest?.("#article") && state.nav && (e.key === "n" || e.key === "p")) {
    step(e.key === "n" ? 1 : -1);
  }
});
