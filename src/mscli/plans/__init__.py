"""落实方案: each lead unit's plan for the year (time nodes, 责任领导, 责任人, 主要措施)."""
