CREATE TABLE `saved_connections` (
	`id` text PRIMARY KEY NOT NULL,
	`vendor` text NOT NULL,
	`config` text NOT NULL,
	`enabled` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `webhook_requests` ADD `hook_extension` text;--> statement-breakpoint
CREATE INDEX `webhook_requests_hook` ON `webhook_requests` (`connection_id`,`hook_extension`,`event`,`received_at`);