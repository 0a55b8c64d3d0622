// The place search: an ARIA combobox (input + listbox) over the place index, which is
// fetched once, on first use, from a static file the browser may cache for good. Suggestions
// are computed here as one types (no rerun per key); choosing one tells the server.
// Texts are set with textContent only: nothing typed or stored is read as HTML.

const SAINT = {saint: "st", sint: "st", st: "st", sankt: "st", sainte: "st", ste: "st"};
const LIMIT = 8;

// The same form as geo.resolver.normalise_name: case, accents and punctuation do not matter.
function normalise(text) {
  const bare = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  return bare.split(/[^\p{L}\p{N}]+|_/u).filter(Boolean).map((w) => SAINT[w] || w).join(" ");
}

const indexes = {};
function loadIndex(url) {
  if (!indexes[url]) {
    indexes[url] = fetch(url).then((r) => {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
    indexes[url].catch(() => { delete indexes[url]; });
  }
  return indexes[url];
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));
}

// Entries matching the query, best first: exact, then the start of the name, then the start
// of a word in it; among equals, municipalities before other names, shorter first.
function suggest(index, query) {
  const key = normalise(query);
  if (!key) return {key, found: []};
  const scored = [];
  for (const place of index.places) {
    const name = place[0];
    let rank;
    if (name === key) rank = 0;
    else if (name.startsWith(key)) rank = 1;
    else if (name.includes(" " + key)) rank = 2;
    else continue;
    scored.push([rank, place[2], name.length, place[1], place]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0));
  const exact = scored.filter((s) => s[0] === 0).map((s) => s[4]);
  const seen = new Set();
  const found = [];
  for (const s of scored) {
    const place = s[4];
    const id = place[1] + "\u0000" + place[3];
    if (seen.has(id)) continue;
    seen.add(id);
    found.push(place);
    if (found.length >= Math.max(LIMIT, exact.length)) break;
  }
  return {key, found, exact};
}

export default function (component) {
  const {parentElement, data, setTriggerValue} = component;
  const root = parentElement;
  const box = root.querySelector(".livcr-search");
  // Mounted once; a rerun brings new words (another language) but the same elements.
  box.livcr = {data, setTriggerValue};
  const input = box.querySelector("input");
  const list = box.querySelector("[role=listbox]");
  const status = box.querySelector("[role=status]");
  const label = box.querySelector("label");
  const words = () => box.livcr.data.words;
  label.textContent = words().label;
  input.placeholder = words().placeholder;
  list.setAttribute("aria-label", words().suggestions);
  if (box.dataset.ready) return;
  box.dataset.ready = "1";

  let index = null;
  let shown = [];
  let active = -1;
  let asking = false;

  function describe(place) {
    const w = words();
    const lang = index.languages.indexOf(box.livcr.data.lang);
    const municipality = index.municipalities[place[3]];
    const values = {
      name: municipality[1 + Math.max(lang, 0)],
      area: w.areas[municipality[4]] || "",
      former: place[4] || "",
      text: place[1],
    };
    const kind = index.kinds[place[2]];
    const template = kind === "section" && place[4] ? w.kinds.section_formerly : w.kinds[kind];
    return fill(template, values);
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function render(places, question) {
    shown = places;
    active = -1;
    asking = Boolean(question);
    list.replaceChildren();
    places.forEach((place, i) => {
      const option = document.createElement("li");
      option.setAttribute("role", "option");
      option.id = `${box.id}-option-${i}`;
      option.setAttribute("aria-selected", "false");
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = place[1];
      const detail = document.createElement("span");
      detail.className = "detail";
      detail.textContent = describe(place);
      option.append(name, detail);
      option.addEventListener("mousedown", (event) => {
        event.preventDefault(); // keeps the focus in the box
        choose(place);
      });
      list.append(option);
    });
    list.hidden = places.length === 0;
    input.setAttribute("aria-expanded", places.length ? "true" : "false");
    if (question) status.textContent = question;
    else if (input.value.trim() && !places.length) status.textContent = fill(words().none, {text: input.value.trim()});
    else if (places.length === 1) status.textContent = words().count_one;
    else status.textContent = places.length ? fill(words().count, {count: places.length}) : "";
  }

  function highlight(i) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((o, j) => o.setAttribute("aria-selected", j === i ? "true" : "false"));
    active = i;
    if (i >= 0 && options[i]) {
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({block: "nearest"});
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(place) {
    input.value = place[1];
    close();
    const municipality = index.municipalities[place[3]];
    status.textContent = fill(words().chosen, {text: place[1], detail: describe(place)});
    box.livcr.setTriggerValue("chosen", {
      nis: municipality[0], text: place[1], kind: index.kinds[place[2]], former: place[4] || null,
    });
  }

  function update() {
    if (!index) return;
    render(suggest(index, input.value).found);
  }

  function ensureIndex() {
    if (index) return Promise.resolve(index);
    return loadIndex(box.livcr.data.url).then((loaded) => {
      index = loaded;
      return index;
    }, () => {
      status.textContent = words().unavailable;
      throw new Error("index");
    });
  }

  // Enter: the highlighted suggestion; else the one municipality the text names; when it
  // names several, ask which; when nothing here knows it, the server's reading of it.
  function submit() {
    if (active >= 0 && shown[active]) return choose(shown[active]);
    const text = input.value.trim();
    if (!text) return;
    const {found, exact} = suggest(index, text);
    const targets = new Set((exact.length ? exact : found).map((p) => p[3]));
    if (targets.size === 1 && (exact.length || found.length)) return choose((exact.length ? exact : found)[0]);
    if (exact.length > 1) return render(exact, fill(words().which, {text}));
    close();
    box.livcr.setTriggerValue("chosen", {text, kind: null, nis: null, former: null});
  }

  input.addEventListener("focus", () => { ensureIndex().then(update, () => {}); });
  input.addEventListener("input", () => { ensureIndex().then(update, () => {}); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) { update(); return; }
      const step = event.key === "ArrowDown" ? 1 : -1;
      const next = active + step;
      highlight(next < 0 ? shown.length - 1 : next >= shown.length ? 0 : next);
    } else if (event.key === "Enter") {
      event.preventDefault();
      ensureIndex().then(submit, () => {});
    } else if (event.key === "Escape") {
      if (!list.hidden) { event.preventDefault(); close(); }
      else input.value = "";
    }
  });
  input.addEventListener("blur", () => { if (!asking) close(); });
}
