package dev.marina.api.http;

/** The tail of a member's log file. */
public record MemberLogs(String cluster, String member, String path, String text) {}
