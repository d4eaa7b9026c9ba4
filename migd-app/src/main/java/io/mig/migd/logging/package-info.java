/**
 * Logback parts of migd's logging (docs/LOGGING.md): JSON and text line encoders and the appenders
 * that never block a request thread (a bounded queue that drops and counts instead).
 */
package io.mig.migd.logging;
