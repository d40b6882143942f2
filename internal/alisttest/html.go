package alisttest

import (
	"fmt"
	"html"
	"net/http"
)

// indexHTML is the web UI's page, which the real servers send (HTTP 200,
// text/html) for any route or method the API does not know. A client must
// recognise it instead of failing to parse JSON.
const indexHTML = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="same-origin" />
    <meta name="generator" content="%[1]s" />
    <meta name="theme-color" content="#000000" />
    <title>%[1]s</title>
    <script>window.ALIST = { cdn: '', monaco_cdn: undefined, api: undefined, main_color: undefined }</script>
  </head>
  <body>
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
  </body>
</html>
`

func writeIndexHTML(w http.ResponseWriter, f Flavor) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusOK)
	_, _ = fmt.Fprintf(w, indexHTML, f.siteTitle())
}

// errorPageHTML is OpenList's error page for /d and /p, sent with a real
// HTTP status (AList v3 answers those with a JSON envelope instead).
const errorPageHTML = `<!DOCTYPE html>
<html lang="en">
	<head>
		<meta charset="utf-8" />
		<meta name="viewport" content="width=device-width, initial-scale=1" />
		<meta name="color-scheme" content="dark light" />
		<meta name="robots" content="noindex" />
		<title>%[1]d %[2]s</title>
	</head>
	<body>
		<h1>%[1]d %[2]s</h1>
		<hr>
		<p>%[3]s</p>
	</body>
</html>`

func writeErrorPage(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, errorPageHTML, status, http.StatusText(status), html.EscapeString(msg))
}
