"""數位轉型 陪伴輔導: sites, shops, monthly records, locks, import, grid and trends."""
