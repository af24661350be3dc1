package io.indexedcp.server.hook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One POST still owed to the hook URL: its JSON, how often it failed, when to try again (epoch ms). */
@Entity
@Table(name = "hook_delivery")
public class HookDelivery {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "payload", nullable = false, length = 8192)
    private String payload;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "next_attempt_ms", nullable = false)
    private long nextAttemptMillis;

    @Column(name = "created_ms", nullable = false)
    private long createdMillis;

    protected HookDelivery() {
    }

    HookDelivery(String payload, long nowMillis) {
        this.payload = payload;
        this.nextAttemptMillis = nowMillis;
        this.createdMillis = nowMillis;
    }

    Long getId() {
        return id;
    }

    String getPayload() {
        return payload;
    }

    int getAttempts() {
        return attempts;
    }

    long getCreatedMillis() {
        return createdMillis;
    }
}
