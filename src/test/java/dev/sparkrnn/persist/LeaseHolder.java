package dev.sparkrnn.persist;

import org.apache.hadoop.conf.Configuration;

/**
 * A second process for {@link OutputLeaseTest}: takes the lease on {@code args[0]} for {@code args[1]} ms, says
 * so on standard output, and holds it (renewing) until it is killed, or exits 5 when another process holds it.
 */
public final class LeaseHolder {
    private LeaseHolder() {
    }

    public static void main(String[] args) throws Exception {
        try {
            OutputLease lease = OutputLease.acquire(new Configuration(), args[0], Long.parseLong(args[1]));
            System.out.println("HELD " + lease.id() + " " + ProcessHandle.current().pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        } catch (OutputLease.LeaseHeldException e) {
            System.out.println("REFUSED " + e.getMessage());
            System.out.flush();
            System.exit(5);
        }
    }
}
