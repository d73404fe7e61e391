-- Foreign keys from the purchase tables to events make every insert into them
-- take a shared lock on the event's row; the purchase's last statement, the
-- conditional update of events.sold, needs it exclusively.  Two buyers of the
-- same event then deadlock on that row, and with hundreds at once the
-- retries run out.  These references are written only by the purchase code,
-- in the transaction that checks the event, so the keys go; the unique keys
-- that stop double sales stay.
ALTER TABLE holds DROP FOREIGN KEY holds_event_fk;
ALTER TABLE orders DROP FOREIGN KEY orders_event_fk;
ALTER TABLE tickets DROP FOREIGN KEY tickets_event_fk;
ALTER TABLE buyer_counts DROP FOREIGN KEY buyer_counts_event_fk;
