"""Finance: LTO account statements, lease documents (contract summary, pagaré) and the workbooks
finance takes out. Rules are pure (statement, words), reads take a session (queries), services a
unit of work (service); documents and workbooks turn a statement into bytes."""
