/**
 * HTTP providers (docs/PROVIDERS.md): capabilities whose {@code provider} block names an HTTP
 * upstream, called with the Jetty client — unary JSON answers and streamed answers (SSE or JSON
 * lines), deadlines and cancellation passed on, failures reported with fixed reasons.
 */
package io.mig.binding.http.provider;
