"""The mail room: the worker that sends the queue (smeup/mail_queue), 送信紀錄, unsubscribing."""
