-- Erasing a user deletes every outbox record with their key (their generation.completed events), published ones
-- included (a day of them is kept): by this index, not by reading the whole table.
CREATE INDEX outbox_by_key ON outbox (record_key);
