// The page's loader, run in <head> before anything else starts (a file, not inline, so that the
// Content-Security-Policy needs no exception for it). It
// - picks the Python interpreter: the type of the page's <script type="mpy"> (MicroPython) or
//   <script type="py"> (Pyodide), unless the address says ?interpreter=pyodide or =micropython;
// - preloads what that interpreter, the page's Python and the model need, all in parallel,
//   from the list tools/vendor.py writes (vendor/files.js);
// - says in the status line what is loading, and names any file that failed to load (the one
//   failure Python cannot report is a runtime that never starts);
// - once the page is ready, installs the service worker that keeps it working offline.
(() => {
  "use strict";
  const TYPES = { micropython: "mpy", pyodide: "py" };
  const NAMES = { micropython: "MicroPython", pyodide: "Pyodide" };
  const script = document.querySelector('script[type="mpy"], script[type="py"]');
  const asked = new URLSearchParams(location.search).get("interpreter");
  if (asked in TYPES) script.type = TYPES[asked];
  const interpreter = script.type === "py" ? "pyodide" : "micropython";
  // PyScript loads the plugins that the config of either interpreter leaves on: give the other
  // one pyscript.toml's list too (as JSON, which PyScript reads without its TOML parser).
  const other = document.createElement(script.type === "py" ? "mpy-config" : "py-config");
  other.textContent = JSON.stringify({ plugins: self.SITE_FILES.plugins });
  document.head.append(other);

  for (const [path, , preload] of self.SITE_FILES[interpreter].files) {
    if (!preload) continue;
    const link = document.createElement("link");
    link.href = path;
    if (preload === "module") {
      link.rel = "modulepreload";
    } else {
      link.rel = "preload";
      link.as = "fetch";
      link.crossOrigin = "anonymous"; // what fetch() asks for, so that it gets the preloaded file
    }
    document.head.append(link);
  }

  const status = () => document.querySelector('[data-testid="status"]');
  const loading = () => document.body.dataset.state === "loading";
  // The page's Python is parsed once the document is; the interpreter announces it is ready.
  document.addEventListener("readystatechange", () => {
    if (document.readyState === "interactive" && loading()) {
      status().textContent = `Loading ${NAMES[interpreter]} and the model…`;
    }
  });
  script.addEventListener(`${script.type}:ready`, () => {
    if (status() && loading()) {
      status().textContent = `${NAMES[interpreter]} is ready; starting the page…`;
    }
  });

  let failure = null; // the first failure to load, shown as soon as there is a page to show it
  function fail(message) {
    if (failure !== null || (document.body && !loading())) return;
    failure = message;
    if (document.body) showFailure();
    else addEventListener("DOMContentLoaded", showFailure);
  }
  function showFailure() {
    document.body.dataset.state = "error";
    status().textContent = failure;
    status().classList.add("error");
  }
  // TF.js comes in deferred scripts, which run just before DOMContentLoaded. The page's Python
  // waits for this (pyscript-main.js) while the interpreter starts without them; it never runs
  // if a file failed to load: the page says which.
  self.deferredScriptsRun = new Promise((resolve) => {
    addEventListener("DOMContentLoaded", () => failure === null && resolve(), { once: true });
  });
  const incomplete = " Reload the page; if it persists, the site is incomplete.";
  // Scripts and stylesheets; a failed preload is reported by whoever needed the file.
  addEventListener("error", (event) => {
    const target = event.target;
    const source = target && (target.src || target.href);
    if (source && target.rel !== "preload" && target.rel !== "modulepreload") {
      fail(`Could not load ${source}.${incomplete}`);
    }
  }, true);
  addEventListener("unhandledrejection", (event) => {
    const reason = event.reason;
    fail(`The Python runtime failed to start: ${(reason && reason.message) || reason}`);
  });
  // Pyodide waits forever when one of its files fails to download: say which one.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.responseStatus >= 400 && new URL(entry.name).pathname.includes("/pyscript/")) {
        fail(`Could not load ${entry.name} (HTTP ${entry.responseStatus}).${incomplete}`);
      }
    }
  }).observe({ type: "resource", buffered: true });
  // PyScript reports a Python error by adding a .py-error element to the body.
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.classList && node.classList.contains("py-error")) {
          const lines = node.textContent.trim().split("\n");
          fail(`The page's Python code failed to start: ${lines[lines.length - 1]}`);
        }
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  setTimeout(() => {
    fail("The page is taking too long to start (over 90 s). Check your connection and reload.");
  }, 90000);

  // The service worker caches what this interpreter needs once the page works, not before: on
  // the first visit the page's own downloads come first.
  if ("serviceWorker" in navigator) {
    const ready = new MutationObserver(() => {
      if (document.body.dataset.state !== "ready") return;
      ready.disconnect();
      navigator.serviceWorker
        .register(`sw.js?interpreter=${interpreter}`, { updateViaCache: "none" })
        .catch((error) => console.warn(`No offline use: ${error.message}`));
    });
    addEventListener("DOMContentLoaded", () => {
      ready.observe(document.body, { attributes: true, attributeFilter: ["data-state"] });
    });
  }
})();
