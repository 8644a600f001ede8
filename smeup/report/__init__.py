"""成果報告 (report.md): the programme's results by strategy for a period, an aggregator."""
