/**
 * The orchestration-template dialect ({@code spec/compose-dialect.md}): Compose V1, V2, V3 and Compose
 * Specification files with {@code aliyun.*} labels and scheduler directives, parsed and validated into the acs-core
 * {@link dev.acs.core.model.AppSpec}, and written back to YAML.
 *
 * <p>Start at {@link dev.acs.compose.Templates}: {@code Templates.parse(yaml, options)} returns a
 * {@link dev.acs.compose.ParseResult} with the detected {@link dev.acs.compose.TemplateFormat}, the application when
 * the template has no errors, and every {@link dev.acs.compose.Diagnostic} found, each with a stable
 * {@link dev.acs.compose.DiagnosticCode}, a key path, a line and a column. No YAML library type appears in this API.
 */
package dev.acs.compose;
