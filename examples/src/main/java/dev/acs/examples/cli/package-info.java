/** The {@code acs} command line: one picocli command class per subcommand, registered in {@link dev.acs.examples.cli.AcsCli}. */
package dev.acs.examples.cli;
