// Keeps the count of ticked cards up to date; the page works without it.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("deck");
  const count = document.getElementById("count");
  if (!form || !count) return;
  const update = () => {
    const n = form.querySelectorAll('input[name="word"]:checked').length;
    count.textContent = `${n} card${n === 1 ? "" : "s"} ticked`;
  };
  form.addEventListener("change", update);
});
