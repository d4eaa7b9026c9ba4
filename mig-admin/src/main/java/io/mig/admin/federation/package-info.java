/**
 * MCP federation (SPEC §12): upstream MCP servers whose tools become capabilities
 * {@code <name>.<tool>}, kept in the {@link io.mig.core.port.out.McpServerStore} and re-imported when
 * their tool lists change.
 */
package io.mig.admin.federation;
