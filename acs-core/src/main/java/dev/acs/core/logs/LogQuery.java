package dev.acs.core.logs;

import dev.acs.core.error.AcsException;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which logs {@link Logs} reads: those of an application, of one of its services or of one container; the last
 * {@link #tail()} lines of each container (100 by default, as the product's console), optionally only lines written
 * in {@code [since, until)} and only containers whose name contains a filter. Immutable, e.g.
 * {@code LogQuery.service(appId, "web").withTail(20).since(oneHourAgo)}.
 */
public final class LogQuery {
    /** The product's default number of lines per container. */
    public static final int DEFAULT_TAIL = 100;

    private final String appId;
    private final String service;
    private final String containerId;
    private final int tail;
    private final Instant since;
    private final Instant until;
    private final String nameFilter;

    private LogQuery(String appId, String service, String containerId, int tail, Instant since, Instant until,
                     String nameFilter) {
        this.appId = Objects.requireNonNull(appId, "appId");
        this.service = service;
        this.containerId = containerId;
        this.tail = tail;
        this.since = since;
        this.until = until;
        this.nameFilter = nameFilter;
    }

    /** Every container of an application. */
    public static LogQuery application(String appId) {
        return new LogQuery(appId, null, null, DEFAULT_TAIL, null, null, null);
    }

    /** Every container of one service. */
    public static LogQuery service(String appId, String service) {
        return new LogQuery(appId, Objects.requireNonNull(service, "service"), null, DEFAULT_TAIL, null, null, null);
    }

    /** One container of an application, by its id. */
    public static LogQuery container(String appId, String containerId) {
        return new LogQuery(appId, null, Objects.requireNonNull(containerId, "containerId"), DEFAULT_TAIL, null, null,
                null);
    }

    /**
     * The last {@code lines} lines of each container.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} below 0
     */
    public LogQuery withTail(int lines) {
        if (lines < 0) {
            throw AcsException.invalidArgument("the log tail must be 0 or more lines, got " + lines);
        }
        return new LogQuery(appId, service, containerId, lines, since, until, nameFilter);
    }

    /** Only lines written at or after {@code t}. */
    public LogQuery since(Instant t) {
        return new LogQuery(appId, service, containerId, tail, Objects.requireNonNull(t, "since"), until, nameFilter);
    }

    /**
     * Only lines written before {@code t}.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} when it is not after {@link #since()}
     */
    public LogQuery until(Instant t) {
        Objects.requireNonNull(t, "until");
        if (since != null && !t.isAfter(since)) {
            throw AcsException.invalidArgument("'until' " + t + " must be after 'since' " + since);
        }
        return new LogQuery(appId, service, containerId, tail, since, t, nameFilter);
    }

    /** Only containers whose name contains {@code part}. */
    public LogQuery withContainerName(String part) {
        return new LogQuery(appId, service, containerId, tail, since, until, Objects.requireNonNull(part, "part"));
    }

    /** The application. */
    public String appId() {
        return appId;
    }

    /** The service, when the query is for one. */
    public Optional<String> service() {
        return Optional.ofNullable(service);
    }

    /** The container, when the query is for one. */
    public Optional<String> containerId() {
        return Optional.ofNullable(containerId);
    }

    /** Lines per container. */
    public int tail() {
        return tail;
    }

    /** The start of the window, if any. */
    public Optional<Instant> since() {
        return Optional.ofNullable(since);
    }

    /** The end of the window (exclusive), if any. */
    public Optional<Instant> until() {
        return Optional.ofNullable(until);
    }

    /** The container-name filter, if any. */
    public Optional<String> containerName() {
        return Optional.ofNullable(nameFilter);
    }

    @Override
    public String toString() {
        return "LogQuery[" + appId + (service == null ? "" : "/" + service)
                + (containerId == null ? "" : " container " + containerId) + ", tail " + tail
                + (since == null ? "" : ", since " + since) + (until == null ? "" : ", until " + until)
                + (nameFilter == null ? "" : ", name ~ " + nameFilter) + "]";
    }
}
