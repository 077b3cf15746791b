/*
 * DynamoDB's expression language, written from the Amazon DynamoDB developer guide:
 * "Condition and filter expressions, operators, and functions" (comparison, BETWEEN, IN, AND/OR/NOT, functions),
 * "Update expressions" (SET with + and -, REMOVE, ADD, DELETE), "Projection expressions",
 * "Key condition expressions for query" (parsed as a condition, then restricted) and
 * "Specifying item attributes when using expressions" (document paths: a.b[3].c, #name placeholders).
 *
 * Keywords are case-insensitive. Precedence (developer guide, "Precedence in conditions"): = <> < <= > >=, IN,
 * BETWEEN, attribute_exists ... size (functions), then parentheses, NOT, AND, OR; the left-recursive alternatives
 * below are ordered so that NOT binds tighter than AND, and AND tighter than OR.
 */
grammar DynamoDbExpression;

options { caseInsensitive = true; }

conditionExpression : condition EOF ;

projectionExpression : path (COMMA path)* EOF ;

updateExpression : updateClause+ EOF ;

condition
    : operand comparator operand                          # comparison
    | operand BETWEEN operand AND operand                 # between
    | operand IN LPAREN operand (COMMA operand)* RPAREN   # in
    | functionCall                                        # functionCondition
    | LPAREN condition RPAREN                             # parenthesized
    | NOT condition                                       # not
    | condition AND condition                             # and
    | condition OR condition                              # or
    ;

comparator : EQ | NE | LT | LE | GT | GE ;

operand
    : path          # pathOperand
    | VALUE         # valueOperand
    | functionCall  # callOperand
    ;

functionCall : ID LPAREN operand (COMMA operand)* RPAREN ;

updateClause
    : SET setAction (COMMA setAction)*                    # setClause
    | REMOVE path (COMMA path)*                           # removeClause
    | ADD path VALUE (COMMA path VALUE)*                  # addClause
    | DELETE path VALUE (COMMA path VALUE)*               # deleteClause
    ;

setAction : path EQ operand (arith=(PLUS | MINUS) operand)? ;

path : (ID | NAME) pathStep* ;

pathStep
    : DOT (ID | NAME)         # memberStep
    | LBRACKET INT RBRACKET   # indexStep
    ;

AND : 'AND' ;
OR : 'OR' ;
NOT : 'NOT' ;
BETWEEN : 'BETWEEN' ;
IN : 'IN' ;
SET : 'SET' ;
REMOVE : 'REMOVE' ;
ADD : 'ADD' ;
DELETE : 'DELETE' ;

NE : '<>' ;
LE : '<=' ;
GE : '>=' ;
EQ : '=' ;
LT : '<' ;
GT : '>' ;
PLUS : '+' ;
MINUS : '-' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
COMMA : ',' ;
DOT : '.' ;

INT : [0-9]+ ;
NAME : '#' [A-Z0-9_]+ ;
VALUE : ':' [A-Z0-9_]+ ;
ID : [A-Z_] [A-Z0-9_]* ;

WS : [ \t\r\n]+ -> skip ;

// Any other character is a token of its own, so the parser reports it as DynamoDB does ("Syntax error; token: ...").
UNEXPECTED : . ;
