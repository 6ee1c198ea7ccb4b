// The identity provider's picture is an external URL: when it cannot load (offline, blocked), the
// app's own avatar takes its place. An external script, as the page's CSP allows no inline script.
for (const img of document.querySelectorAll('img[data-fallback]')) {
  const fallback = new URL(img.dataset.fallback, location.href).href;
  const useFallback = () => {
    if (img.src !== fallback) img.src = fallback;
  };
  img.addEventListener('error', useFallback);
  if (img.complete && img.naturalWidth === 0) useFallback();
}
