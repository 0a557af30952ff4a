package io.millrace.server.console;

/**
 * One alert declared in millrace.yaml, as the console lists it.
 *
 * @param when the condition kind ({@code run_failed}, {@code freshness}, ...)
 * @param condition the condition in words ({@code orders older than 2h})
 * @param delivery where notifications go, secrets masked ({@code webhook http://hooks.example/***})
 * @param repeat how often a firing alert is sent again ({@code 4h})
 */
public record AlertRule(String name, String when, String condition, String delivery, String repeat) {}
