// Type of the one oidc-provider internal the tenant touches (form-post.ts): the per-provider
// registry that holds, among others, the response-mode handlers.
declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  const providerInternals: (provider: object) => Record<string, unknown> | undefined;
  export default providerInternals;
}
