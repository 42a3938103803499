// The host page's own behaviour, which Lede must leave alone.
window.__hostClicks = [];
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("kim-link").addEventListener("click", (e) => {
    e.preventDefault();
    window.__hostClicks.push("link");
  });
  document.getElementById("p1").addEventListener("click", () => window.__hostClicks.push("p1"));
});
