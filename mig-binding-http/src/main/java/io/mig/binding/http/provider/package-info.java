/**
 * HTTP providers (docs/PROVIDERS.md): capabilities whose {@code provider} block names an HTTP
 * upstream — unary JSON answers and streamed answers (SSE or JSON lines), deadlines and
 * cancellation passed on, failures reported with fixed reasons. Unary calls to {@code http://}
 * upstreams go over the package's own keep-alive connections ({@code UpstreamPool});
 * streamed calls and {@code https://} upstreams over the Jetty client ({@code UpstreamCall}).
 */
package io.mig.binding.http.provider;
