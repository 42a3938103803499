// Shows one seed article by id (post.html?id=...) as plain paragraphs, then
// asks <lede-article for="#story"> to analyze it. Text only via textContent.
const id = new URL(location.href).searchParams.get("id");
const res = await fetch("posts.jsonl");
const posts = (await res.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l));
const post = posts.find((p) => p.id === id) || posts[0];
document.title = `${post.title} — The Daily Example`;
document.getElementById("title").textContent = post.title;
document.getElementById("meta").textContent = [post.source, post.date].filter(Boolean).join(" · ");
const story = document.getElementById("story");
for (const para of post.text.split(/\n\s*\n/)) {
  if (!para.trim()) continue;
  const p = document.createElement("p");
  p.textContent = para.trim();
  story.append(p);
}
if (post.source === "Wikinews") {
  document.getElementById("attribution").textContent = "From English Wikinews, licensed CC BY 2.5.";
}
await customElements.whenDefined("lede-article");
const lede = document.getElementById("lede");
lede.setAttribute("date", post.date || "");
lede.analyze().catch(() => {});
