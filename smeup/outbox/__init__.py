"""The kiosk tablets' offline outbox: encrypted entries delivered when the network is back."""
