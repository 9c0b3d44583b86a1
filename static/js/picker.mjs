// Progressive enhancement for people and organisation pickers (core/pickers.py): the search
// box filters the options as you type and says how many match; chosen options always stay.
// Without JavaScript the "Search" button asks the server to do the same.

function words(text) {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

function enhance(picker) {
  const input = picker.querySelector(".app-picker__query");
  const select = picker.querySelector("select");
  const status = picker.querySelector(".app-picker__status");
  const button = picker.querySelector(".app-picker__button");
  if (!input || !select || !status) return;
  if (button) button.hidden = true;
  let timer = null;

  function filter() {
    const wanted = words(input.value);
    let shown = 0;
    for (const option of select.options) {
      if (option.value === "") continue;
      const label = option.textContent.toLowerCase() + " " + (option.parentElement.label || "").toLowerCase();
      const match = option.selected || wanted.every((word) => label.includes(word));
      option.hidden = !match;
      if (match) shown += 1;
    }
    for (const group of select.querySelectorAll("optgroup")) {
      group.hidden = ![...group.children].some((option) => !option.hidden);
    }
    const matches = shown === 1 ? "option matches" : "options match";
    status.textContent = wanted.length ? `${shown} ${matches} “${input.value.trim()}”` : "";
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(filter, 150);
  });
  // Enter in the search box filters; it must not submit the form.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      filter();
    }
  });
  if (input.value) filter();
}

for (const picker of document.querySelectorAll('[data-module="app-picker"]')) {
  enhance(picker);
}
