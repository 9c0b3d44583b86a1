// Progressive enhancement: as attendance is recorded, ask the server for the quoracy verdict
// (without saving) and show it. Without JavaScript, "Check quoracy" does the same.
const form = document.querySelector("[data-quoracy-form]");
const region = document.getElementById("quoracy-verdict");

async function check() {
  const body = new FormData(form);
  const response = await fetch(window.location.href, {
    method: "POST",
    body,
    headers: { "X-Quoracy-Check": "1" },
    credentials: "same-origin",
  });
  if (response.ok) {
    region.innerHTML = await response.text();
  }
}

if (form && region) {
  form.addEventListener("change", check);
}
