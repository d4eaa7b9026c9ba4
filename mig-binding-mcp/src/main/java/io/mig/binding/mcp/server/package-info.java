/**
 * The MCP server side (SPEC §12): {@code /mcp} and {@code /mcp/{namespace}} on the HTTP listener,
 * serving the gateway's capabilities as MCP tools over JSON-RPC (Streamable HTTP), with JSON-RPC
 * errors for bad input and stateless, signed session ids.
 */
package io.mig.binding.mcp.server;
