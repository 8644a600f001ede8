"""實戰培訓 and 說明會 (training.md): sessions, registration, the ticket, check-in, attendance."""
