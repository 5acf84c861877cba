-- Where each audited request came from: the address the connection came from (the proxy's, unless
-- server.forward-headers-strategy is configured to trust its X-Forwarded-For). NULL for actions
-- without a request (the scheduled reconciliation) and for rows written before this column.
-- 100 characters: an IPv6 address with a zone id fits.
ALTER TABLE operator_audit ADD COLUMN client_address VARCHAR(100);
ALTER TABLE partner_audit ADD COLUMN client_address VARCHAR(100);
