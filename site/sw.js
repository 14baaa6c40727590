// The service worker: keeps every file the page needs in one cache per version, so that the page
// opens and reads digits with the network off, and never mixes files of two versions.
//
// boot.js registers it as sw.js?interpreter=micropython (or =pyodide) once the page is ready.
// vendor/files.js, written by tools/vendor.py, lists that interpreter's files with their sha256
// and a version made of all of them. A new model, runtime or page file gives a new version: the
// browser sees the changed list when it checks this worker for updates (after each navigation),
// installs a new worker that downloads the new version in the background, each file checked
// against its hash, and the next visit uses it whole. Files of the old version are never served
// with files of the new one: a new version takes over only when no page of the old one is open.
importScripts("vendor/files.js");

const INTERPRETER = new URL(location.href).searchParams.get("interpreter");
const { version, files } = self.SITE_FILES[INTERPRETER];
const PREFIX = "digit-pad-";
const CACHE = `${PREFIX}${INTERPRETER}-${version}`;
const INDEX = new URL("./", location.href).href;

addEventListener("install", (event) => {
  event.waitUntil(precache().catch(async (error) => {
    await caches.delete(CACHE); // no half-filled cache: this worker is discarded, retried later
    throw error;
  }));
});

async function precache() {
  const cache = await caches.open(CACHE);
  await Promise.all(files.map(async ([path, integrity]) => {
    // Revalidate rather than trust the HTTP cache: it may hold a file of the previous version.
    const request = new Request(path, { cache: "no-cache", integrity: integrity || "" });
    const response = await fetch(request);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    await cache.put(request, response);
  }));
}

addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
  })());
});

// A new version waits while a page of the old one is open. When the last such page navigates
// (a reload, or a new visit), the new version is told to take over, and the navigation gets a
// blank page that reloads once it has: the reload then runs the new version whole.
addEventListener("message", (event) => {
  if (event.data === "take over") skipWaiting();
});

addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(registration.scope)) return;
  const page = new URL(request.url).pathname.replace(/index\.html$/, "");
  const toPage = request.mode === "navigate" && page === new URL(INDEX).pathname;
  event.respondWith(toPage ? navigate(request) : cached(request));
});

let handingOver = false;
/** The page, from the cache; or, if a new version waits and this is the last page of the old
 * one, HANDOVER_PAGE. Once the new version is told to take over, every navigation gets that page:
 * a page of this version that started now could be taken over halfway through loading. */
async function navigate(request) {
  const waiting = registration.waiting;
  if (waiting && (handingOver || (await clients.matchAll()).length <= 1)) {
    handingOver = true;
    waiting.postMessage("take over");
    const headers = { "Content-Type": "text/html; charset=utf-8" };
    return new Response(HANDOVER_PAGE, { headers });
  }
  return cached(new Request(INDEX), request);
}

/** Reloads as soon as no new version waits any more (it has taken over). It checks rather than
 * waits for an event, which may come before the page is there to hear it. */
const HANDOVER_PAGE = `<!doctype html><title>Digit pad</title><link rel="icon" href="data:,">
<p>Updating to the new version…</p>
<script>
  (async function reloadOnceUpdated() {
    const registration = await navigator.serviceWorker.getRegistration();
    if (registration && registration.waiting) setTimeout(reloadOnceUpdated, 50);
    else location.reload();
  })();
</script>`;

/** The cached response for `key`; from the network (as `request`) for files not in the list. */
async function cached(key, request = key) {
  const cache = await caches.open(CACHE);
  return (await cache.match(key, { ignoreSearch: true, ignoreVary: true })) || fetch(request);
}
