/**
 * The code examples of cmk's public Javadoc, compiled here so that every example compiles against the current API
 * (as the Azure SDK's {@code *JavaDocCodeSnippets.java} files do). {@code JavaDocSnippetsTest} fails when a
 * {@code <pre>{@code ...}} block in a library module's sources is not found here (whitespace ignored). Edit an
 * example here first, then copy it into the Javadoc.
 */
package dev.cmk.examples.snippets;
