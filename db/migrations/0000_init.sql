CREATE TABLE `calls` (
	`id` text PRIMARY KEY NOT NULL,
	`connection_id` text NOT NULL,
	`extension_id` text NOT NULL,
	`vendor_call_id` text NOT NULL,
	`direction` text NOT NULL,
	`peer_number` text NOT NULL,
	`peer_name` text,
	`state` text NOT NULL,
	`queue_id` text,
	`can_answer` integer DEFAULT false NOT NULL,
	`recording` text DEFAULT 'off' NOT NULL,
	`started_at` text NOT NULL,
	`answered_at` text,
	`ended_at` text,
	`outcome` text
);
--> statement-breakpoint
CREATE INDEX `calls_live` ON `calls` (`ended_at`);--> statement-breakpoint
CREATE INDEX `calls_queue_started` ON `calls` (`queue_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `calls_vendor_call` ON `calls` (`connection_id`,`vendor_call_id`);--> statement-breakpoint
CREATE TABLE `connections` (
	`id` text PRIMARY KEY NOT NULL,
	`vendor` text NOT NULL,
	`name` text NOT NULL,
	`last_event_at` text
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`connection_id` text NOT NULL,
	`key` text NOT NULL,
	`type` text NOT NULL,
	`at` text NOT NULL,
	`received_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`payload` text NOT NULL,
	`raw` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_connection_key` ON `events` (`connection_id`,`key`);--> statement-breakpoint
CREATE TABLE `extensions` (
	`id` text PRIMARY KEY NOT NULL,
	`connection_id` text NOT NULL,
	`number` text NOT NULL,
	`name` text,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`since` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `extensions_connection` ON `extensions` (`connection_id`);--> statement-breakpoint
CREATE TABLE `queues` (
	`id` text PRIMARY KEY NOT NULL,
	`connection_id` text NOT NULL,
	`number` text NOT NULL,
	`name` text
);
