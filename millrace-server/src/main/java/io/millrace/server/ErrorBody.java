package io.millrace.server;

/**
 * The JSON body of every error response.
 *
 * @param error one sentence naming the fault (the request field, feature, entity or value)
 * @param kind USER, EXTERNAL or INTERNAL, as mapped once in {@link io.millrace.api.ErrorKind}
 * @param status the HTTP status
 */
public record ErrorBody(String error, String kind, int status) {}
