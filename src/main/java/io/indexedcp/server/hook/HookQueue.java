package io.indexedcp.server.hook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** The table of deliveries owed, each operation one short transaction. */
@ApplicationScoped
@Transactional
public class HookQueue {

    @PersistenceContext(unitName = "tracking")
    EntityManager em;

    void add(String payload, long nowMillis) {
        em.persist(new HookDelivery(payload, nowMillis));
    }

    /** Deliveries due now, oldest first; detached copies (each outcome is written back by id). */
    List<HookDelivery> due(long nowMillis, int limit) {
        return em.createQuery("SELECT d FROM HookDelivery d WHERE d.nextAttemptMillis <= :now ORDER BY d.id",
                HookDelivery.class).setParameter("now", nowMillis).setMaxResults(limit).getResultList();
    }

    /*
     * One write statement each, no read first: on SQLite a transaction that reads and then writes fails
     * (SQLITE_BUSY_SNAPSHOT) when another connection wrote in between, while a first write waits its turn.
     */

    void delivered(long id) {
        em.createQuery("DELETE FROM HookDelivery d WHERE d.id = :id").setParameter("id", id).executeUpdate();
    }

    void failed(long id, long nextAttemptMillis) {
        em.createQuery("""
                UPDATE HookDelivery d SET d.attempts = d.attempts + 1, d.nextAttemptMillis = :next
                WHERE d.id = :id""").setParameter("next", nextAttemptMillis).setParameter("id", id).executeUpdate();
    }
}
