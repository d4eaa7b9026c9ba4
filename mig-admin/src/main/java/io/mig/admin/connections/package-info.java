/**
 * The connection view ({@code /admin/v0.1/connections}): the long-lived streams every binding
 * registers with the core's connection registry, as the admin API and the console show them.
 */
package io.mig.admin.connections;
