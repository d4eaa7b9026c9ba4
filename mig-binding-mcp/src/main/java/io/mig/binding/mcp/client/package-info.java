/**
 * The MCP client side (SPEC §12): capabilities of {@code type: mcp} providers and federated MCP
 * servers, called over Streamable HTTP (both protocol eras), with sessions kept per endpoint and tool
 * lists watched for changes.
 */
package io.mig.binding.mcp.client;
