-- A client address as the connector reports it (an IPv6 address with its zone, or behind a proxy
-- what it forwarded) up to 100 characters, as the operator and partner audits keep it
-- (ClientAddresses cuts it there): with 64, a longer one made writing the sign-in audit fail.
ALTER TABLE sign_in_audit ALTER COLUMN client_address TYPE VARCHAR(100);
