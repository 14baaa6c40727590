"""Development tools: vendoring the browser runtimes, serving the site, benchmarking the page."""
