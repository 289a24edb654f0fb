CREATE TABLE `webhook_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`connection_id` text NOT NULL,
	`event` text NOT NULL,
	`method` text NOT NULL,
	`params` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_requests_connection` ON `webhook_requests` (`connection_id`,`received_at`);