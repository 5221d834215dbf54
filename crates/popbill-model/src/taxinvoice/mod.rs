//! Taxinvoice (전자세금계산서) wire types, totals builder and validation rules.
