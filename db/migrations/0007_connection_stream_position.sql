ALTER TABLE `connections` ADD `stream_position` text;--> statement-breakpoint
ALTER TABLE `connections` ADD `stream_position_at` text;