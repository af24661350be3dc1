/**
 * The completion hook for operators without Java: {@code INDEXEDCP_ON_COMPLETE=https://…} receives a
 * POST of each {@link io.indexedcp.server.events.UploadCompleted} as JSON; any other value is a command
 * run with that JSON on standard input and the file's path in {@code INDEXEDCP_FILE}. Deliveries wait in
 * a table ({@code hook_delivery}) until the URL answers 2xx or the command exits 0, retried with a growing delay, so a receiver that
 * is down loses nothing; they are given up (and logged) only after {@code INDEXEDCP_ON_COMPLETE_GIVE_UP}.
 */
package io.indexedcp.server.hook;
