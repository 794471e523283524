-- A PostgreSQL state of format 1, as canvasctl wrote it before states named their provider:
-- the tables of that version and the rows of state.json (the state `default`).
CREATE SCHEMA IF NOT EXISTS canvasctl;
CREATE TABLE canvasctl.states (
    name text PRIMARY KEY,
    lineage text NOT NULL,
    serial bigint NOT NULL,
    format_version integer NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE canvasctl.records (
    state text NOT NULL REFERENCES canvasctl.states (name) ON DELETE CASCADE,
    address text NOT NULL,
    account text,
    record text NOT NULL,
    PRIMARY KEY (state, address)
);
CREATE TABLE canvasctl.locks (
    state text PRIMARY KEY,
    holder text NOT NULL,
    backend_pid integer NOT NULL,
    locked_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO canvasctl.states (name, lineage, serial, format_version) VALUES ('default', '8abb285a-524c-48df-bcb0-6f0dd099d226', 1, 1);
INSERT INTO canvasctl.records (state, address, account, record) VALUES ('default', 'application.ftp', NULL, '{"account":null,"address":"application.ftp","appliedAt":"2026-12-07T10:02:55Z","attributes":{"app":"FTP Server","name":"ftp","protect":false},"fingerprints":{"credentials.address":"hmac-sha256:3b848ce2f7c0600cd5a3ee83b0bdd50b7f9768777737214bacc4f222476a861d","credentials.password":"hmac-sha256:e52e36948f79bef92c9c32fec9355d4d7dfc88c252a1335d762811dc09dad0a4","credentials.port":"hmac-sha256:6de8a46c01fe1eb0a30ee6e1366f8c28c7df5d954c6c28dc7741cafe8870f3db","credentials.secure":"hmac-sha256:854a8319b1d12ca2205f203b491768cb6e3a5538a16f8c130ce96469a1eda584","credentials.username":"hmac-sha256:0cbc47dc550bc782430b009a839dc2958d2d7d8525c982e54e1f55915b8812da"},"id":"f52c034b-9b5f-4d72-988d-214448cfe316","kind":"application"}');
INSERT INTO canvasctl.records (state, address, account, record) VALUES ('default', 'application.oslo-hub', 'be4f3f1e-0e6d-4f68-b8d8-546163c5dfad', '{"account":"be4f3f1e-0e6d-4f68-b8d8-546163c5dfad","address":"application.oslo-hub","appliedAt":"2026-12-07T10:02:55Z","attributes":{"app":"File Hub","name":"Oslo hub","protect":false},"fingerprints":{},"id":"62b431b0-308b-4e12-9012-a1d9664e50a9","kind":"application"}');
INSERT INTO canvasctl.records (state, address, account, record) VALUES ('default', 'application.quinyx', NULL, '{"account":null,"address":"application.quinyx","appliedAt":"2026-12-07T10:02:55Z","attributes":{"app":"Quinyx","name":"Quinyx Acme","protect":false},"fingerprints":{"credentials.apikey":"hmac-sha256:ecd96dfd787ef4df4bfc3f5b58e9a01c55b8293a90062e1d2f0fd0b5899df624","credentials.environment":"hmac-sha256:1d46f7110428c20cce26f439c10444d03d60236ea3a57cfea928db46e2b345d6"},"id":"f545ba64-92e6-4986-aedd-8fbdbe2f15d6","kind":"application"}');
INSERT INTO canvasctl.records (state, address, account, record) VALUES ('default', 'application.quinyx-test', NULL, '{"account":null,"address":"application.quinyx-test","appliedAt":"2026-12-07T10:02:55Z","attributes":{"app":"Quinyx","name":"Quinyx Acme test","protect":false},"fingerprints":{"credentials.apikey":"hmac-sha256:ecd96dfd787ef4df4bfc3f5b58e9a01c55b8293a90062e1d2f0fd0b5899df624","credentials.environment":"hmac-sha256:b690263f29daedcc196c52e380041f7dd95dcf8cf12abb4e0b19a5a080028251"},"id":"13a6cb0d-3958-4675-811a-5652d8001bb3","kind":"application"}');
INSERT INTO canvasctl.records (state, address, account, record) VALUES ('default', 'workflow.employee-export-csv', NULL, '{"account":null,"address":"workflow.employee-export-csv","appliedAt":"2026-12-07T10:02:55Z","attributes":{"applications":{"FTP":"application.ftp","QUIN":"application.quinyx"},"description":"Employees as CSV on the FTP server, as employees-${date}.csv","name":"employee-export-csv","protect":false,"template":"Quinyx Employee Export Into FTP(CSV)"},"fingerprints":{},"id":"fb850af0-9869-4bad-81db-18c0f878a9c9","kind":"workflow"}');
INSERT INTO canvasctl.records (state, address, account, record) VALUES ('default', 'workflow.employee-sync', NULL, '{"account":null,"address":"workflow.employee-sync","appliedAt":"2026-12-07T10:02:55Z","attributes":{"applications":{"FTP":"application.ftp","QUIN":"application.quinyx"},"chain":{"Get Employees":{"amountToObtain":{"variableName":"amountToObtainWfQ","variableSource":2}}},"deployed":true,"description":"Nightly copy of Quinyx employees to the FTP server","name":"Employee sync (Acme)","protect":true,"schedule":{"cron":"0 0 2 ? * 2-6 *","enabled":true},"template":"Demo workflow","variables":{"amountToObtainWfQ":"25","locationsMapping":{"default":"OTHER","table":[{"source":"Oslo","target":"OSL"},{"source":"Bergen","target":"BGO"}]}}},"fingerprints":{},"id":"809bd444-1aaf-426f-873a-ee9101360f00","kind":"workflow"}');
INSERT INTO canvasctl.records (state, address, account, record) VALUES ('default', 'workflow.employee-sync-staging', NULL, '{"account":null,"address":"workflow.employee-sync-staging","appliedAt":"2026-12-07T10:02:55Z","attributes":{"applications":{"FTP":"application.ftp","QUIN":"application.quinyx-test"},"chain":{"bab5609e-cc2d-4c22-b1a8-21b65e6c419d":{"amountToObtain":{"value":"5","variableName":"amountToObtainWfQ","variableSource":2}}},"name":"employee-sync-staging","protect":false,"template":"Demo workflow","variables":{"amountToObtainWfQ":"5","locationsMapping":{"default":null,"table":[{"source":"Oslo","target":"OSL"}]}}},"fingerprints":{},"id":"5d5bd151-4fc8-46cc-acdd-245b0a630eef","kind":"workflow"}');
