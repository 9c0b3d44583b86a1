// Progressive enhancement: as attendance is recorded, ask the server for the quoracy verdict
// (without saving) and show it. Without JavaScript, "Check quoracy" does the same.
// One request at a time, after the person pauses: a burst of changes sends one request, and
// an answer that arrives after a newer question is dropped.
const form = document.querySelector("[data-quoracy-form]");
const region = document.getElementById("quoracy-verdict");
const WAIT_MS = 400;
let timer = null;
let inFlight = null;

async function check() {
  if (inFlight) inFlight.abort();
  const controller = new AbortController();
  inFlight = controller;
  try {
    const response = await fetch(window.location.href, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Quoracy-Check": "1" },
      credentials: "same-origin",
      signal: controller.signal,
    });
    const type = response.headers.get("Content-Type") || "";
    if (response.ok && type.startsWith("text/html") && inFlight === controller) {
      region.innerHTML = await response.text();
    }
  } catch (error) {
    if (error.name !== "AbortError") throw error;
  } finally {
    if (inFlight === controller) inFlight = null;
  }
}

if (form && region) {
  form.addEventListener("change", () => {
    clearTimeout(timer);
    timer = setTimeout(check, WAIT_MS);
  });
}
